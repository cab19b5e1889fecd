using System;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Analysis;

/// <summary>
/// Builds expressions while simplifying: constant folding, 0/1 identities, double negation and trivial selects.
/// Never reassociates (a·(b·c) stays as written), so the emitted floating-point code computes what the user wrote.
/// </summary>
internal static class ExprBuilder
{
    public static readonly Num Zero = new(0);
    public static readonly Num One = new(1);

    public static bool IsNum(Expr e, double value) => e is Num n && n.Value == value;

    public static Expr Negate(Expr a) => a switch
    {
        Num n => new Num(-n.Value),
        Neg n => n.Operand,
        _ => new Neg(a),
    };

    public static Expr Add(Expr a, Expr b)
    {
        if (a is Num x && b is Num y) return new Num(x.Value + y.Value);
        if (IsNum(a, 0)) return b;
        if (IsNum(b, 0)) return a;
        if (b is Neg nb) return Sub(a, nb.Operand);
        return new Bin(BinOp.Add, a, b);
    }

    public static Expr Sub(Expr a, Expr b)
    {
        if (a is Num x && b is Num y) return new Num(x.Value - y.Value);
        if (IsNum(b, 0)) return a;
        if (IsNum(a, 0)) return Negate(b);
        if (b is Neg nb) return Add(a, nb.Operand);
        return new Bin(BinOp.Sub, a, b);
    }

    public static Expr Mul(Expr a, Expr b)
    {
        if (a is Num x && b is Num y) return new Num(x.Value * y.Value);
        if (IsNum(a, 0) || IsNum(b, 0)) return Zero;
        if (IsNum(a, 1)) return b;
        if (IsNum(b, 1)) return a;
        if (IsNum(a, -1)) return Negate(b);
        if (IsNum(b, -1)) return Negate(a);
        if (a is Neg na && b is Neg nb) return Mul(na.Operand, nb.Operand);
        return new Bin(BinOp.Mul, a, b);
    }

    public static Expr Div(Expr a, Expr b)
    {
        if (a is Num x && b is Num y && y.Value != 0) return new Num(x.Value / y.Value);
        if (IsNum(a, 0)) return Zero;
        if (IsNum(b, 1)) return a;
        return new Bin(BinOp.Div, a, b);
    }

    public static Expr Min(Expr a, Expr b) =>
        a is Num x && b is Num y ? new Num(Math.Min(x.Value, y.Value)) : a.Equals(b) ? a : new Bin(BinOp.Min, a, b);

    public static Expr Max(Expr a, Expr b) =>
        a is Num x && b is Num y ? new Num(Math.Max(x.Value, y.Value)) : a.Equals(b) ? a : new Bin(BinOp.Max, a, b);

    public static Expr Binary(BinOp op, Expr a, Expr b) => op switch
    {
        BinOp.Add => Add(a, b),
        BinOp.Sub => Sub(a, b),
        BinOp.Mul => Mul(a, b),
        BinOp.Div => Div(a, b),
        BinOp.Min => Min(a, b),
        _ => Max(a, b),
    };

    public static Expr Apply(Fn fn, Expr a)
    {
        if (a is Num n)
        {
            switch (fn)
            {
                case Fn.Exp: return new Num(Math.Exp(n.Value));
                case Fn.Log: return new Num(Math.Log(n.Value));
                case Fn.Tanh: return new Num(Math.Tanh(n.Value));
                case Fn.Sqrt: return new Num(Math.Sqrt(n.Value));
                case Fn.Abs: return new Num(Math.Abs(n.Value));
                case Fn.Sigmoid: return new Num(1.0 / (1.0 + Math.Exp(-n.Value)));
            }
        }
        return new Call(fn, a);
    }

    public static Expr Power(Expr b, Expr exponent)
    {
        if (IsNum(exponent, 1)) return b;
        if (IsNum(exponent, 0)) return One;
        if (b is Num x && exponent is Num y) return new Num(Math.Pow(x.Value, y.Value));
        return new Pow(b, exponent);
    }

    public static Expr Choose(CmpOp op, Expr left, Expr right, Expr whenTrue, Expr whenFalse)
    {
        if (whenTrue.Equals(whenFalse)) return whenTrue;
        if (left is Num l && right is Num r)
        {
            bool c = op switch
            {
                CmpOp.Lt => l.Value < r.Value,
                CmpOp.Le => l.Value <= r.Value,
                CmpOp.Gt => l.Value > r.Value,
                CmpOp.Ge => l.Value >= r.Value,
                CmpOp.Eq => l.Value == r.Value,
                _ => l.Value != r.Value,
            };
            return c ? whenTrue : whenFalse;
        }
        return new Select(op, left, right, whenTrue, whenFalse);
    }

    /// <summary>Whether <paramref name="e"/> reads the input x.</summary>
    public static bool DependsOnInput(Expr e) => e switch
    {
        InputRef => true,
        Neg n => DependsOnInput(n.Operand),
        Bin b => DependsOnInput(b.Left) || DependsOnInput(b.Right),
        Call c => DependsOnInput(c.Arg),
        Pow p => DependsOnInput(p.Base) || DependsOnInput(p.Exponent),
        Select s => DependsOnInput(s.Left) || DependsOnInput(s.Right) || DependsOnInput(s.WhenTrue) || DependsOnInput(s.WhenFalse),
        _ => false,
    };

    /// <summary>Replaces every occurrence of <paramref name="target"/> with <paramref name="replacement"/>, re-simplifying.</summary>
    public static Expr Replace(Expr e, Expr target, Expr replacement) =>
        e.Equals(target) ? replacement : WithOperands(e, operand => Replace(operand, target, replacement));

    /// <summary>
    /// <paramref name="e"/> rebuilt, through the simplifying builders above, from its direct operands mapped by
    /// <paramref name="map"/>: the one walk over the node kinds that every rewrite of a whole tree shares.
    /// </summary>
    public static Expr WithOperands(Expr e, Func<Expr, Expr> map) => e switch
    {
        Neg n => Negate(map(n.Operand)),
        Bin b => Binary(b.Op, map(b.Left), map(b.Right)),
        Call c => Apply(c.Fn, map(c.Arg)),
        Pow p => Power(map(p.Base), map(p.Exponent)),
        Select s => Choose(s.Op, map(s.Left), map(s.Right), map(s.WhenTrue), map(s.WhenFalse)),
        _ => e,
    };
}
