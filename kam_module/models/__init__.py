from . import res_partner
from . import kam_tier
