export { decodeFit, DEFAULT_MAX_FIT_BYTES } from './lib/fit-decoder';
export type { DecodedFit, DecodeFitOptions } from './lib/fit-decoder';
export { FitDecodeError } from './lib/fit-decode-error';
export type { FitDecodeErrorCode } from './lib/fit-decode-error';
export { encodeActivityFit } from './lib/fit-writer';
export type { FitActivitySpec, FitSegment } from './lib/fit-writer';
