from . import test_kam_tier
from . import test_res_partner_access
from . import test_res_partner_workflow
from . import test_res_partner_health
from . import test_ui
