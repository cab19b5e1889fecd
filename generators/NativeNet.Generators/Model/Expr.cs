namespace NativeNet.Generators.Model;

/// <summary>
/// The scalar expression language the generator differentiates and vectorizes. Records compare by value, so a tree
/// is both a cacheable pipeline model and its own hash-consing key for common-subexpression elimination.
/// </summary>
internal abstract record Expr;

/// <summary>A numeric literal (folded constants included).</summary>
internal sealed record Num(double Value) : Expr;

/// <summary>The layer input x.</summary>
internal sealed record InputRef : Expr
{
    public static readonly InputRef Instance = new();
}

/// <summary>The layer output y = f(x), which a backward pass may reuse instead of recomputing f.</summary>
internal sealed record OutputRef : Expr
{
    public static readonly OutputRef Instance = new();
}

/// <summary>A constant parameter of the function (a LeakyReLU slope): constructor argument <see cref="Index"/>.</summary>
internal sealed record ConstRef(int Index) : Expr;

/// <summary>−operand.</summary>
internal sealed record Neg(Expr Operand) : Expr;

/// <summary>A binary arithmetic operation or Min/Max.</summary>
internal sealed record Bin(BinOp Op, Expr Left, Expr Right) : Expr;

/// <summary>A unary function call.</summary>
internal sealed record Call(Fn Fn, Expr Arg) : Expr;

/// <summary>Base raised to an exponent that does not depend on x.</summary>
internal sealed record Pow(Expr Base, Expr Exponent) : Expr;

/// <summary><c>Left op Right ? WhenTrue : WhenFalse</c>.</summary>
internal sealed record Select(CmpOp Op, Expr Left, Expr Right, Expr WhenTrue, Expr WhenFalse) : Expr;

internal enum BinOp { Add, Sub, Mul, Div, Min, Max }

internal enum Fn { Exp, Log, Tanh, Sqrt, Abs, Sigmoid, Erf }

internal enum CmpOp { Lt, Le, Gt, Ge, Eq, Ne }
