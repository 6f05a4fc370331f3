/** Working together (A8, A9): the transfer dialog, the incoming-request inbox, three-way chat. */
export { YkTransferDialog } from "./transfer-dialog.ts";
export { YkTransferInbox } from "./transfer-inbox.ts";
export { YkInviteColleague } from "./invite-colleague.ts";
