from . import res_partner
from . import res_config_settings
from . import kam_tier
from . import kam_score_criterion
from . import kam_score_line
from . import kam_score_history
