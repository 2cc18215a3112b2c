/** @odoo-module **/

import { registry } from "@web/core/registry";

const herAction = "tr:contains('Send last quarter')";

registry.category("web_tour.tours").add("kam_portal_customer_agrees", {
    steps: () => [
        {
            content: "Open the joint plan shared with her company",
            trigger: "a:contains('Alpenrose 2027')",
            run: "click",
        },
        {
            content: "It is a proposal until she agrees",
            trigger: "#kam_agreement:contains('This plan is a proposal')",
        },
        {
            trigger: "#kam_plan_agree",
            run: "click",
        },
        {
            content: "Her agreement is recorded",
            trigger: "#kam_agreement:contains('Agreed by Heidi Brunner')",
        },
        {
            content: "She closes one of her actions",
            trigger: `#kam_shared_actions ${herAction} .o_kam_action_done`,
            run: "click",
        },
        {
            trigger: `#kam_shared_actions ${herAction} .o_kam_action_state:contains('Done')`,
        },
        {
            content: "Her other action is still hers to do",
            trigger: "#kam_shared_actions tr:contains('project lead') .o_kam_action_done",
        },
    ],
});
