from . import kam_revoke_wizard
