using System;
using NativeNet.Generators.Model;
using static NativeNet.Generators.Analysis.ExprBuilder;

namespace NativeNet.Generators.Analysis;

/// <summary>
/// Symbolic d/dx. Rules refer back to the node being differentiated where the derivative has a form in terms of
/// the function's own value (exp′ = exp, tanh′ = 1 − t², sigmoid′ = s(1 − s), (u/v)′ = (u′ − (u/v)v′)/v), so the
/// emitter's common-subexpression pass reuses forward values instead of recomputing transcendental functions.
/// </summary>
internal static class Differentiator
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    public static Expr Differentiate(Expr e)
    {
        switch (e)
        {
            case Num:
            case ConstRef:
                return Zero;
            case InputRef:
                return One;
            case Neg n:
                return Negate(Differentiate(n.Operand));
            case Bin b:
                {
                    Expr du = Differentiate(b.Left), dv = Differentiate(b.Right);
                    return b.Op switch
                    {
                        BinOp.Add => Add(du, dv),
                        BinOp.Sub => Sub(du, dv),
                        BinOp.Mul => Add(Mul(du, b.Right), Mul(b.Left, dv)),
                        BinOp.Div => IsNum(dv, 0) ? Div(du, b.Right) : Div(Sub(du, Mul(e, dv)), b.Right),
                        BinOp.Min => Choose(CmpOp.Le, b.Left, b.Right, du, dv),
                        _ => Choose(CmpOp.Ge, b.Left, b.Right, du, dv),
                    };
                }
            case Call c:
                {
                    Expr du = Differentiate(c.Arg);
                    Expr outer = c.Fn switch
                    {
                        Fn.Exp => e,
                        Fn.Log => Div(One, c.Arg),
                        Fn.Tanh => Sub(One, Mul(e, e)),
                        Fn.Sqrt => Div(new Num(0.5), e),
                        Fn.Sigmoid => Mul(e, Sub(One, e)),
                        Fn.Erf => Mul(new Num(TwoOverSqrtPi), Apply(Fn.Exp, Negate(Mul(c.Arg, c.Arg)))),
                        Fn.Abs => Choose(CmpOp.Ge, c.Arg, Zero, One, new Num(-1)),
                        _ => throw new InvalidOperationException(c.Fn.ToString()),
                    };
                    if (c.Fn == Fn.Log) return Div(du, c.Arg);
                    if (c.Fn == Fn.Abs) return Choose(CmpOp.Ge, c.Arg, Zero, du, Negate(du));
                    return Mul(outer, du);
                }
            case Pow p:
                return Mul(Mul(p.Exponent, Power(p.Base, Sub(p.Exponent, One))), Differentiate(p.Base));
            case Select s:
                return Choose(s.Op, s.Left, s.Right, Differentiate(s.WhenTrue), Differentiate(s.WhenFalse));
            default:
                throw new InvalidOperationException(e.GetType().Name);
        }
    }

    /// <summary>
    /// The derivative in terms of the saved output when that removes every use of x (sigmoid, tanh, exp layers),
    /// else in terms of x; <paramref name="savesOutput"/> tells which the backward pass must keep.
    /// </summary>
    public static Expr ForBackward(Expr forward, Expr derivative, out bool savesOutput)
    {
        if (forward is not InputRef)
        {
            Expr withOutput = Replace(derivative, forward, OutputRef.Instance);
            if (!DependsOnInput(withOutput))
            {
                savesOutput = true;
                return withOutput;
            }
        }
        savesOutput = false;
        return derivative;
    }
}
