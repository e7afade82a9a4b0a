/** The error `action` throws (fails the test when it throws nothing), to assert on its fields. */
export function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-error: ${String(error)}`);
  }
  throw new Error('expected an error, but nothing was thrown');
}
