export { type Expr, type ExprType, type Literal, type BinaryOperator, type UnaryOperator, fieldsRead, eventFieldsRead, readsEvent, printExpr } from './ast.js';
export { parseExpression, MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_DEPTH, type ParseResult, type ExprSyntaxError } from './parse.js';
export { checkTypes, type TypeCheck, type TypeProblem, type FieldTypes } from './check.js';
export { evaluate, UNKNOWN, EVAL_ERROR, type Outcome, type Scope, type Value } from './evaluate.js';
