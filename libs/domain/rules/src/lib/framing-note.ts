/**
 * The framing note of spec/rules.md section 8, shown in the app, the emails, the reports and the README:
 * the product describes patterns, it never diagnoses.
 */
export const FRAMING_NOTE =
  'This tool looks for training patterns that research has associated with injury in groups of runners. It cannot diagnose, predict your own risk, or replace a health professional. If you have numbness in the groin or saddle area, new bladder or bowel problems, or weakness in your legs, seek emergency care now.';
