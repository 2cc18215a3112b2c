from . import base_partner_merge_automatic_wizard
from . import kam_config_settings
from . import kam_reason_wizard
from . import kam_revoke_wizard
from . import kam_plan_reject_wizard
from . import kam_plan_submit_wizard
from . import kam_score_criterion_preset
from . import kam_handover_wizard
