/** What the page needs of marks once some exist: reading the stored ones, and sending a marked edit. */
export { parseStoredMarks } from "./stored-marks";
export { markedRun, MarkedRunError } from "./marked-run";
export { withNote } from "@/lib/shared/marks/note";
