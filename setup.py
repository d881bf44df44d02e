"""Package discovery (everything else is in pyproject.toml).

The top-level ``resources/`` folder is shipped inside the wheel as ``policydesk._resources`` so that an
installed (non-editable) policydesk finds its rules; in a checkout it is used in place.
"""
import os

from setuptools import find_packages, setup

resource_pkgs = ["policydesk._resources"] + [
    "policydesk._resources." + os.path.relpath(d, "resources").replace(os.sep, ".")
    for d, _dirs, _files in os.walk("resources") if d != "resources" and "__pycache__" not in d
]
setup(
    packages=find_packages("src") + resource_pkgs,
    package_dir={"": "src", "policydesk._resources": "resources"},
)
