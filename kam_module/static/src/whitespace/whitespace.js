/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * Who buys what: the account's divisions against the product categories we
 * sell. A cell with sales or quotations opens its order lines; a white cell
 * plans an opportunity for that division and category.
 */
export class KamWhitespace extends Component {
    static template = "kam_module.Whitespace";
    static props = { accountId: { type: Number, optional: true }, planId: { type: Number, optional: true } };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    get args() {
        return [this.props.accountId || false, this.props.planId || false];
    }

    async load() {
        this.state.data = await this.orm.call("kam.whitespace", "get_whitespace", this.args);
    }

    async onCell(row, cell) {
        if (cell.state === "sold" || cell.state === "quoted") {
            const action = await this.orm.call("kam.whitespace", "action_open_lines", [
                this.args[0],
                row.id,
                cell.category_id,
                this.args[1],
            ]);
            return this.action.doAction(action);
        }
        if (cell.state === "white" && this.state.data.can_plan) {
            return this.planOpportunity(row, cell, false);
        }
    }

    async planOpportunity(row, cell, revise) {
        const result = await this.orm.call("kam.whitespace", "action_plan_opportunity", [
            this.args[0],
            row.id,
            cell.category_id,
            this.args[1],
            revise,
        ]);
        if (result.revise) {
            this.dialog.add(ConfirmationDialog, {
                title: _t("Revise the approved plan?"),
                body: _t(
                    "%s is approved, so its content is locked. Revise it: the opportunity goes into the new draft, which you submit for approval again.",
                    result.revise
                ),
                confirmLabel: _t("Revise and Add"),
                confirm: () => this.planOpportunity(row, cell, true),
                cancel: () => {},
            });
            return;
        }
        this.notification.add(
            _t("Opportunity “%(opportunity)s” added to %(plan)s.", {
                opportunity: result.opportunity,
                plan: result.plan,
            }),
            { type: "success" }
        );
        await this.load();
    }
}

/** The whitespace tab of a plan. */
export class KamWhitespaceWidget extends Component {
    static template = "kam_module.WhitespaceWidget";
    static components = { KamWhitespace };
    static props = { ...standardWidgetProps };
}

/** The whitespace of an account, opened from its form (the account's id
 * stays in the URL as the action's active_id, for a reload). */
export class KamWhitespaceAction extends Component {
    static template = "kam_module.WhitespaceAction";
    static components = { KamWhitespace, Layout };
    static props = ["*"];

    get accountId() {
        const { params, context } = this.props.action;
        return params?.account_id || context?.active_id;
    }
}

registry.category("view_widgets").add("kam_whitespace", { component: KamWhitespaceWidget });
registry.category("actions").add("kam_whitespace", KamWhitespaceAction);
