from . import kam_revoke_wizard
from . import kam_score_criterion_preset
