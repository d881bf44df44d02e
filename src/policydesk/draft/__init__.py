"""County-level draft generator (issue 5): a GB/T 9704 Word draft, task ledger and drafting note for any county,
traceable to the city plan; plus the static format checker.  Qt-free: the GUI calls these functions.

    from policydesk.api import analyze_path
    from policydesk.draft import find_profile, make_draft, write_outputs, DraftOptions
    result = make_draft(analyze_path("plan.pdf"), find_profile("如东"), DraftOptions(wrapper=True))
    write_outputs(result, "如东.docx", ledger="如东-分工表.xlsx", note="如东-起草说明.docx")
"""

from __future__ import annotations

from .mapping import AgencyMapping, MappingRule, load_mapping, save_mapping
from .model import DraftOptions, DraftResult
from .outputs import default_output_name, write_outputs
from .profiles import CountyProfile, find_profile, load_profiles, save_profile
from .transform import make_draft

__all__ = ["AgencyMapping", "CountyProfile", "DraftOptions", "DraftResult", "MappingRule", "default_output_name",
           "find_profile", "load_mapping", "load_profiles", "make_draft", "save_mapping", "save_profile",
           "write_outputs"]
