# Copyright 2026 KAM Module Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Key Account Management",
    "summary": "Key-account selection on future value, with explainable "
    "scoring, tiers and a portfolio matrix, where the customer data already is",
    "version": "18.0.1.1.0",
    "category": "Sales/Key Account Management",
    "website": "https://github.com/kam-module/kam_module",
    "author": "KAM Module Authors",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "contacts"],
    "data": [
        "security/kam_security.xml",
        "security/ir.model.access.csv",
        "security/kam_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "data/kam_tier_data.xml",
        "data/kam_score_criterion_data.xml",
        "wizard/kam_config_settings_views.xml",
        "wizard/kam_revoke_wizard_views.xml",
        "views/kam_tier_views.xml",
        "views/kam_score_criterion_views.xml",
        "views/kam_score_history_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_kam_views.xml",
        "views/res_partner_portfolio_views.xml",
        "views/res_config_settings_views.xml",
        "views/kam_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/mail_message_demo.xml",
        "demo/kam_score_history_demo.xml",
        "demo/kam_score_line_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "kam_module/static/src/**/*",
        ],
        "web.assets_tests": [
            "kam_module/static/tests/tours/*.js",
        ],
    },
}
