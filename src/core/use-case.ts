/** The arguments of a use case `(deps, ...args)` after its dependencies: what a service binds it with. */
export type UseCaseArgs<F> = F extends (deps: never, ...rest: infer A) => unknown ? A : never;
