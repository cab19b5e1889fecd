using System.Collections.Generic;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Emit;

/// <summary>
/// Turns an expression into straight-line code for one element type and one width (scalar, Vector256, Vector512):
/// every distinct subexpression becomes one local, so shared subtrees (a sigmoid used twice, tanh reused by its
/// derivative) are computed once.
/// </summary>
internal sealed class KernelEmitter
{
    private readonly string _scalar;
    private readonly string? _vector;
    private readonly string _prefix;
    private readonly Dictionary<Expr, string> _names = new();
    private readonly List<string> _lines = new();

    /// <param name="scalar">float or double.</param>
    /// <param name="vector">Vector512 or Vector256, or null for scalar code.</param>
    /// <param name="prefix">Prefix of locals (keeps kernels' names apart).</param>
    public KernelEmitter(string scalar, string? vector, string prefix)
    {
        _scalar = scalar;
        _vector = vector;
        _prefix = prefix;
    }

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Emits the locals computing <paramref name="e"/> and returns the name or literal holding its value.</summary>
    public string Emit(Expr e)
    {
        Expr lowered = Lower(e);
        return Value(lowered);
    }

    public static string Leaf(Expr e, bool vector) => e switch
    {
        InputRef => vector ? "vx" : "x0",
        OutputRef => vector ? "vy" : "y0",
        ConstRef c => (vector ? "vc" : "c") + c.Index,
        _ => "",
    };

    private string Value(Expr e)
    {
        bool vector = _vector is not null;
        switch (e)
        {
            case InputRef or OutputRef or ConstRef:
                return Leaf(e, vector);
            case Num n:
                return vector ? $"{_vector}.Create({Literals.For(_scalar, n.Value)})" : Literals.For(_scalar, n.Value);
        }
        if (_names.TryGetValue(e, out var existing)) return existing;
        string text = e switch
        {
            Neg n => "-" + Value(n.Operand),
            Bin b => BinaryText(b),
            Call c => CallText(c.Fn, Value(c.Arg)),
            Select s => SelectText(s),
            _ => throw new System.InvalidOperationException(e.GetType().Name),
        };
        string name = _prefix + _names.Count;
        _names[e] = name;
        _lines.Add($"var {name} = {text};");
        return name;
    }

    private string BinaryText(Bin b)
    {
        string l = Value(b.Left), r = Value(b.Right);
        return b.Op switch
        {
            BinOp.Add => $"{l} + {r}",
            BinOp.Sub => $"{l} - {r}",
            BinOp.Mul => $"{l} * {r}",
            BinOp.Div => $"{l} / {r}",
            BinOp.Min => _vector is null ? $"global::System.Math.Min({l}, {r})" : $"{_vector}.Min({l}, {r})",
            _ => _vector is null ? $"global::System.Math.Max({l}, {r})" : $"{_vector}.Max({l}, {r})",
        };
    }

    private string CallText(Fn fn, string a)
    {
        if (_vector is not null)
        {
            return fn switch
            {
                Fn.Exp => $"{_vector}.Exp({a})",
                Fn.Log => $"{_vector}.Log({a})",
                Fn.Sqrt => $"{_vector}.Sqrt({a})",
                Fn.Abs => $"{_vector}.Abs({a})",
                Fn.Tanh => $"global::NativeNet.Kernels.VectorMath.Tanh({a})",
                Fn.Sigmoid => $"global::NativeNet.Kernels.VectorMath.Sigmoid({a})",
                _ => $"global::NativeNet.Kernels.VectorMath.Erf({a})",
            };
        }
        string math = _scalar == "float" ? "global::System.MathF" : "global::System.Math";
        return fn switch
        {
            Fn.Exp => $"{math}.Exp({a})",
            Fn.Log => $"{math}.Log({a})",
            Fn.Sqrt => $"{math}.Sqrt({a})",
            Fn.Abs => $"{math}.Abs({a})",
            Fn.Tanh => $"{math}.Tanh({a})",
            Fn.Sigmoid => $"global::NativeNet.Kernels.ScalarMath.Sigmoid({a})",
            _ => $"global::NativeNet.Kernels.ScalarMath.Erf({a})",
        };
    }

    private string SelectText(Select s)
    {
        string l = Value(s.Left), r = Value(s.Right), t = Value(s.WhenTrue), f = Value(s.WhenFalse);
        if (_vector is null)
        {
            string op = s.Op switch
            {
                CmpOp.Lt => "<", CmpOp.Le => "<=", CmpOp.Gt => ">", CmpOp.Ge => ">=", CmpOp.Eq => "==", _ => "!=",
            };
            return $"{l} {op} {r} ? {t} : {f}";
        }
        string mask = s.Op switch
        {
            CmpOp.Lt => $"{_vector}.LessThan({l}, {r})",
            CmpOp.Le => $"{_vector}.LessThanOrEqual({l}, {r})",
            CmpOp.Gt => $"{_vector}.GreaterThan({l}, {r})",
            CmpOp.Ge => $"{_vector}.GreaterThanOrEqual({l}, {r})",
            CmpOp.Eq => $"{_vector}.Equals({l}, {r})",
            _ => $"~{_vector}.Equals({l}, {r})",
        };
        return $"{_vector}.ConditionalSelect({mask}, {t}, {f})";
    }

    /// <summary>
    /// Rewrites Pow, which has no vector form, the same way for scalar and vector code: small integer exponents as
    /// products, ±½ through Sqrt, anything else as exp(e·log b) (defined for b &gt; 0).
    /// </summary>
    private static Expr Lower(Expr e) => e switch
    {
        Neg n => new Neg(Lower(n.Operand)),
        Bin b => new Bin(b.Op, Lower(b.Left), Lower(b.Right)),
        Call c => new Call(c.Fn, Lower(c.Arg)),
        Select s => new Select(s.Op, Lower(s.Left), Lower(s.Right), Lower(s.WhenTrue), Lower(s.WhenFalse)),
        Pow p => LowerPow(Lower(p.Base), Lower(p.Exponent)),
        _ => e,
    };

    private static Expr LowerPow(Expr b, Expr exponent)
    {
        if (exponent is Num n)
        {
            double k = n.Value;
            if (k == 0.5) return new Call(Fn.Sqrt, b);
            if (k == -0.5) return new Bin(BinOp.Div, new Num(1), new Call(Fn.Sqrt, b));
            if (k == System.Math.Floor(k) && System.Math.Abs(k) <= 4 && k != 0)
            {
                Expr product = b;
                for (int i = 1; i < System.Math.Abs(k); i++) product = new Bin(BinOp.Mul, product, b);
                return k > 0 ? product : new Bin(BinOp.Div, new Num(1), product);
            }
        }
        return new Call(Fn.Exp, new Bin(BinOp.Mul, exponent, new Call(Fn.Log, b)));
    }
}
