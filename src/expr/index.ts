export { type Expr, type ExprType, type Literal, type BinaryOperator, type UnaryOperator, type FunctionName, fieldsRead, eventFieldsRead, readsEvent, printExpr, childrenOf, usesFormat11 } from './ast.js';
export { parseExpression, MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_DEPTH, type ParseResult, type ExprSyntaxError } from './parse.js';
export { checkTypes, nullOrigin, type TypeCheck, type TypeProblem, type FieldTypes, type DeclaredField } from './check.js';
export { evaluate, UNKNOWN, EVAL_ERROR, MAX_STRING_LENGTH, type Outcome, type Scope, type Value } from './evaluate.js';
export { FUNCTIONS, MAX_FUNCTION_ARGS, type BuiltinFunction } from './functions.js';
