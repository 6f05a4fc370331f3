/** The visitor list feature (A3, A4): <yk-visitor-list> and its side panel <yk-visitor-detail>. */
export { YkVisitorList, ROW_HEIGHT } from "./visitor-list.ts";
export { YkVisitorDetail } from "./visitor-detail.ts";
