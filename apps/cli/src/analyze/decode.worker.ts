import { runDecodeTask } from './decode-task';

/** Piscina worker entry: one FIT file in, its normalized activities (or the reason it failed) out. */
export default runDecodeTask;
