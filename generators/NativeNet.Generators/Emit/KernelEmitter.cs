using System.Collections.Generic;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Emit;

/// <summary>
/// Turns an expression into straight-line lane code (<c>TLanes.Multiply(x, v0)</c>, …) that the engine instantiates
/// at every vector width: every distinct subexpression becomes one local, so shared subtrees (a sigmoid used twice,
/// tanh reused by its derivative) are computed once. erf(a) and e^(−a²), which erf′ brings in, come from one call
/// where both are needed, since erf computes that exponential itself.
/// </summary>
internal sealed class KernelEmitter
{
    private readonly IReadOnlyList<string> _constants;
    private readonly Dictionary<Expr, string> _names = new();
    private readonly List<string> _lines = new();
    private readonly HashSet<Expr> _erfWithGaussian = new();

    /// <param name="constants">The names the function's constants have in the operator struct, by index.</param>
    public KernelEmitter(IReadOnlyList<string> constants) => _constants = constants;

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Emits the locals computing <paramref name="e"/> and returns the expression holding its value.</summary>
    public string Emit(Expr e)
    {
        Expr lowered = Lower(e);
        var erfArguments = new HashSet<Expr>();
        var gaussianArguments = new HashSet<Expr>();
        Collect(lowered, erfArguments, gaussianArguments);
        erfArguments.IntersectWith(gaussianArguments);
        _erfWithGaussian.UnionWith(erfArguments);
        return Value(lowered);
    }

    private static void Collect(Expr e, HashSet<Expr> erfArguments, HashSet<Expr> gaussianArguments)
    {
        if (e is Call { Fn: Fn.Erf } erf) erfArguments.Add(erf.Arg);
        if (GaussianArgument(e) is { } a) gaussianArguments.Add(a);
        switch (e)
        {
            case Neg n:
                Collect(n.Operand, erfArguments, gaussianArguments);
                break;
            case Bin b:
                Collect(b.Left, erfArguments, gaussianArguments);
                Collect(b.Right, erfArguments, gaussianArguments);
                break;
            case Call c:
                Collect(c.Arg, erfArguments, gaussianArguments);
                break;
            case Select s:
                Collect(s.Left, erfArguments, gaussianArguments);
                Collect(s.Right, erfArguments, gaussianArguments);
                Collect(s.WhenTrue, erfArguments, gaussianArguments);
                Collect(s.WhenFalse, erfArguments, gaussianArguments);
                break;
        }
    }

    // a for e^(−a·a), the form in which the differentiator writes erf′.
    private static Expr? GaussianArgument(Expr e) =>
        e is Call { Fn: Fn.Exp, Arg: Neg { Operand: Bin { Op: BinOp.Mul } square } } && square.Left.Equals(square.Right) ? square.Left : null;

    // Names erf(a) and e^(−a²) together: one local from the call, one from its out argument.
    private (string Erf, string Gaussian) ErfWithGaussian(Expr a)
    {
        var erf = new Call(Fn.Erf, a);
        var gaussian = new Call(Fn.Exp, new Neg(new Bin(BinOp.Mul, a, a)));
        if (_names.TryGetValue(erf, out var erfName)) return (erfName, _names[gaussian]);
        string argument = Value(a);
        erfName = "v" + _names.Count;
        _names[erf] = erfName;
        string gaussianName = "v" + _names.Count;
        _names[gaussian] = gaussianName;
        _lines.Add($"var {erfName} = VectorMath.Erf<T, TLanes, TVector>({argument}, out var {gaussianName});");
        return (erfName, gaussianName);
    }

    private string Value(Expr e)
    {
        switch (e)
        {
            case InputRef:
                return "x";
            case OutputRef:
                return "y";
            case ConstRef c:
                return $"TLanes.Broadcast({_constants[c.Index]})";
            case Num n:
                return $"TLanes.Create({Literals.Double(n.Value)})";
        }
        if (_names.TryGetValue(e, out var existing)) return existing;
        if (e is Call { Fn: Fn.Erf } erf && _erfWithGaussian.Contains(erf.Arg)) return ErfWithGaussian(erf.Arg).Erf;
        if (GaussianArgument(e) is { } a && _erfWithGaussian.Contains(a)) return ErfWithGaussian(a).Gaussian;
        string text = e switch
        {
            Neg n => $"TLanes.Negate({Value(n.Operand)})",
            Bin b => BinaryText(b),
            Call c => CallText(c.Fn, Value(c.Arg)),
            Select s => SelectText(s),
            _ => throw new System.InvalidOperationException(e.GetType().Name),
        };
        string name = "v" + _names.Count;
        _names[e] = name;
        _lines.Add($"var {name} = {text};");
        return name;
    }

    private string BinaryText(Bin b)
    {
        string l = Value(b.Left), r = Value(b.Right);
        string op = b.Op switch
        {
            BinOp.Add => "Add",
            BinOp.Sub => "Subtract",
            BinOp.Mul => "Multiply",
            BinOp.Div => "Divide",
            BinOp.Min => "Min",
            _ => "Max",
        };
        return $"TLanes.{op}({l}, {r})";
    }

    private static string CallText(Fn fn, string a) => fn switch
    {
        Fn.Exp => $"TLanes.Exp({a})",
        Fn.Log => $"TLanes.Log({a})",
        Fn.Sqrt => $"TLanes.Sqrt({a})",
        Fn.Abs => $"TLanes.Abs({a})",
        Fn.Tanh => $"VectorMath.Tanh<T, TLanes, TVector>({a})",
        Fn.Sigmoid => $"VectorMath.Sigmoid<T, TLanes, TVector>({a})",
        _ => $"VectorMath.Erf<T, TLanes, TVector>({a})",
    };

    // Comparisons the lanes lack are their mirror images: a > b is b < a, and a != b selects the other way round.
    private string SelectText(Select s)
    {
        string l = Value(s.Left), r = Value(s.Right), t = Value(s.WhenTrue), f = Value(s.WhenFalse);
        return s.Op switch
        {
            CmpOp.Lt => $"TLanes.ConditionalSelect(TLanes.LessThan({l}, {r}), {t}, {f})",
            CmpOp.Le => $"TLanes.ConditionalSelect(TLanes.LessThanOrEqual({l}, {r}), {t}, {f})",
            CmpOp.Gt => $"TLanes.ConditionalSelect(TLanes.LessThan({r}, {l}), {t}, {f})",
            CmpOp.Ge => $"TLanes.ConditionalSelect(TLanes.LessThanOrEqual({r}, {l}), {t}, {f})",
            CmpOp.Eq => $"TLanes.ConditionalSelect(TLanes.Equals({l}, {r}), {t}, {f})",
            _ => $"TLanes.ConditionalSelect(TLanes.Equals({l}, {r}), {f}, {t})",
        };
    }

    /// <summary>
    /// Rewrites Pow, which has no vector form: small integer exponents as products, ±½ through Sqrt, anything else as
    /// exp(e·log b) (defined for b &gt; 0).
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
