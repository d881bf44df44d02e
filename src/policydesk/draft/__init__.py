"""County-level draft generator (issue 5): a GB/T 9704 Word draft, task ledger and drafting note for any county,
traceable to the city plan; plus the static format checker.  Qt-free: the GUI calls these functions.

    from policydesk.api import analyze_path
    from policydesk.draft import find_profile, make_draft, write_outputs, DraftOptions
    result = make_draft(analyze_path("plan.pdf"), find_profile("如东"), DraftOptions(wrapper=True))
    write_outputs(result, "如东.docx", ledger="如东-分工表.xlsx", note="如东-起草说明.docx")
"""

from __future__ import annotations

from .decisions import (ACTIONS, AppliedDecisions, Decisions, NewTask, TaskDecision, load_decisions, save_decisions,
                        suggest_decisions, task_rows, validate_decisions)
from .guards import check_doc_number, check_plan
from .mapping import AgencyMapping, MappingRule, load_mapping, save_mapping
from .model import DraftOptions, DraftResult
from .outputs import default_output_name, write_outputs
from .profiles import (PROFILE_FIELDS, CountyProfile, find_profile, load_profiles, new_profile, profile_errors,
                       save_profile)
from .transform import make_draft

__all__ = ["ACTIONS", "PROFILE_FIELDS", "AgencyMapping", "AppliedDecisions", "CountyProfile", "Decisions", "DraftOptions", "DraftResult",
           "MappingRule", "NewTask", "TaskDecision", "check_doc_number", "check_plan", "default_output_name",
           "find_profile", "load_decisions", "load_mapping", "load_profiles", "make_draft", "new_profile",
           "profile_errors", "save_decisions", "save_mapping", "save_profile", "suggest_decisions", "task_rows",
           "validate_decisions", "write_outputs"]
