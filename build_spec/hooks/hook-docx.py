"""python-docx: its templates, plus the docx/parts/ folder on disk.

docx/parts/{hdrftr,styles,settings,comments}.py open ``<their folder>/../templates/default-*.xml``; from the PYZ
archive that folder does not exist and Linux cannot resolve ``parts/..`` ("FileNotFoundError … default-footer.xml"
on the first footer).  Collecting docx.parts also as source files creates the folder.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("docx")
module_collection_mode = {"docx.parts": "pyz+py"}
