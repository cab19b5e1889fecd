using NativeNet.Generators.Model;
using static NativeNet.Generators.Analysis.ExprBuilder;

namespace NativeNet.Generators.Analysis;

/// <summary>
/// Replaces a function of a logarithm by the algebraic function it equals: exp(log u) = u,
/// tanh(log u) = (u − 1)(u + 1)/(u² + 1) and sigmoid(log u) = u/(1 + u), for u ≥ 0 and NaN below as the logarithm
/// gives. Activations built on a naive softplus log(1 + eˣ) (mish is x·tanh(log(1 + eˣ))) then cost one exponential and
/// a division each way instead of a chain of three transcendental functions, at no loss of accuracy. The derivative of
/// such a softplus, eˣ/(1 + eˣ), saturates to 1 instead of giving ∞/∞ = NaN once eˣ overflows.
/// </summary>
internal static class LogarithmIdentities
{
    // 2⁶⁰: above it both quotients round to 1 in float and double, and clamping u there keeps u² finite.
    private static readonly Num Saturation = new(1152921504606846976.0);

    /// <summary>Applies the identities everywhere in <paramref name="e"/>, innermost first.</summary>
    public static Expr Rewrite(Expr e) => e switch
    {
        Bin { Op: BinOp.Div } b => Quotient(Rewrite(b.Left), Rewrite(b.Right)),
        Call c => OfLogarithm(c.Fn, Rewrite(c.Arg)),
        _ => WithOperands(e, Rewrite),
    };

    private static Expr OfLogarithm(Fn fn, Expr arg)
    {
        if (arg is not Call { Fn: Fn.Log } log || fn is not (Fn.Exp or Fn.Tanh or Fn.Sigmoid)) return Apply(fn, arg);
        Expr u = log.Arg;
        Expr c = Min(u, Saturation);
        Expr value = fn switch
        {
            Fn.Exp => u,
            Fn.Tanh => Div(Mul(Sub(c, One), Add(c, One)), Add(Mul(c, c), One)),
            _ => SaturatingRatio(u),
        };
        return IsNonNegative(u) ? value : Choose(CmpOp.Ge, u, Zero, value, new Num(double.NaN));
    }

    // v/(1 + v), the derivative of log(1 + v) when v′ = v (v = eˣ in a naive softplus), is ∞/∞ once v overflows: v is
    // clamped where the quotient has already rounded to 1, as for the functions of a logarithm.
    private static Expr Quotient(Expr numerator, Expr denominator)
    {
        bool onePlusNumerator = denominator is Bin { Op: BinOp.Add } sum
            && ((IsNum(sum.Left, 1) && sum.Right.Equals(numerator)) || (IsNum(sum.Right, 1) && sum.Left.Equals(numerator)));
        return !onePlusNumerator || numerator is Num || !IsNonNegative(numerator) ? Div(numerator, denominator) : SaturatingRatio(numerator);
    }

    // v/(1 + v) with v clamped at Saturation, where the quotient has already rounded to 1.
    private static Expr SaturatingRatio(Expr v)
    {
        Expr c = Min(v, Saturation);
        return Div(c, Add(One, c));
    }

    // Whether e is never below zero (NaN passes through the rewritten forms as through the logarithm). A sufficient
    // test only: false means "not known", and costs one comparison at run time.
    private static bool IsNonNegative(Expr e) => e switch
    {
        Num n => n.Value >= 0,
        Call { Fn: Fn.Exp or Fn.Sigmoid or Fn.Sqrt or Fn.Abs } => true,
        Bin { Op: BinOp.Mul } b => b.Left.Equals(b.Right) || (IsNonNegative(b.Left) && IsNonNegative(b.Right)),
        Bin { Op: BinOp.Add or BinOp.Div or BinOp.Min } b => IsNonNegative(b.Left) && IsNonNegative(b.Right),
        Bin { Op: BinOp.Max } b => IsNonNegative(b.Left) || IsNonNegative(b.Right),
        _ => false,
    };
}
