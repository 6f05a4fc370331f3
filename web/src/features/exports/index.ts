/**
 * Exports in the console (X4). Importing this module registers the strings and
 * <yk-export-button source .filter>, which features that export (history, inbox) render with
 * their current filter object.
 */
import "./strings.ts";
import "./export-button.ts";
