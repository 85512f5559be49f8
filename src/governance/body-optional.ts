/**
 * One-click steps (take, close, a sweep, a route with no options) may be posted with no body at
 * all: it reads as `{}` before validation, so the step's schema still refuses unknown fields.
 */
export const bodyOptional = {
  preValidation: async (req: { body: unknown }) => {
    if (req.body === undefined || req.body === null) req.body = {};
  },
};
