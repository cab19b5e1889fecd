using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NativeNet.Generators.Model;
using static NativeNet.Generators.Analysis.ExprBuilder;

namespace NativeNet.Generators.Analysis;

/// <summary>
/// Reads a scalar function's body (its IOperation tree) into the expression language: locals are inlined (the
/// emitter's common-subexpression pass restores the sharing), calls are recognised by name on Math, MathF, double,
/// float, the generic-math interfaces and ScalarMath. Anything else is reported at the offending expression.
/// </summary>
internal sealed class ExpressionReader
{
    private readonly Dictionary<ILocalSymbol, Expr> _locals = new(SymbolEqualityComparer.Default);
    private readonly List<DiagnosticInfo> _diagnostics;

    private ExpressionReader(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    /// <summary>Reads the method body, or returns null after adding diagnostics.</summary>
    public static Expr? Read(IOperation? body, List<DiagnosticInfo> diagnostics)
    {
        var reader = new ExpressionReader(diagnostics);
        int before = diagnostics.Count;
        Expr? result = reader.ReadBody(body);
        return diagnostics.Count == before ? result : null;
    }

    private Expr? ReadBody(IOperation? body)
    {
        IBlockOperation? block = body switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            IBlockOperation b => b,
            _ => null,
        };
        if (block is null) return null;
        foreach (var statement in block.Operations)
        {
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            var initializer = declarator.GetVariableInitializer();
                            if (initializer is null)
                            {
                                Unsupported(statement, GeneratorDiagnostics.UnsupportedStatement);
                                return null;
                            }
                            _locals[declarator.Symbol] = ReadExpression(initializer.Value);
                        }
                    }
                    break;
                case IReturnOperation { ReturnedValue: { } value }:
                    return ReadExpression(value);
                default:
                    Unsupported(statement, GeneratorDiagnostics.UnsupportedStatement);
                    return null;
            }
        }
        return null;
    }

    private Expr ReadExpression(IOperation op)
    {
        if (op.ConstantValue.HasValue && op.ConstantValue.Value is { } constant && IsNumeric(constant))
            return new Num(Convert.ToDouble(constant, CultureInfo.InvariantCulture));

        switch (op)
        {
            case IConversionOperation conversion:
                return ReadExpression(conversion.Operand);
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.Ordinal == 0 ? InputRef.Instance : new ConstRef(parameter.Parameter.Ordinal - 1);
            case ILocalReferenceOperation local when _locals.TryGetValue(local.Local, out var value):
                return value;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary:
                return Negate(ReadExpression(unary.Operand));
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } unary:
                return ReadExpression(unary.Operand);
            case IBinaryOperation binary when ArithmeticOp(binary.OperatorKind) is { } op2:
                return Binary(op2, ReadExpression(binary.LeftOperand), ReadExpression(binary.RightOperand));
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional
                when conditional.Condition is IBinaryOperation comparison && Comparison(comparison.OperatorKind) is { } cmp:
                return Choose(cmp, ReadExpression(comparison.LeftOperand), ReadExpression(comparison.RightOperand),
                    ReadExpression(conditional.WhenTrue), ReadExpression(whenFalse));
            case IInvocationOperation invocation when IsMathType(invocation.TargetMethod.ContainingType):
                return ReadCall(invocation);
            case IPropertyReferenceOperation { Instance: null } property when IsMathType(property.Property.ContainingType):
                switch (property.Property.Name)
                {
                    case "Zero": return Zero;
                    case "One": return One;
                    case "NegativeOne": return new Num(-1);
                    case "E": return new Num(Math.E);
                    case "Pi": return new Num(Math.PI);
                }
                break;
        }
        return Unsupported(op, GeneratorDiagnostics.UnsupportedExpression);
    }

    private Expr ReadCall(IInvocationOperation invocation)
    {
        var args = invocation.Arguments;
        string name = invocation.TargetMethod.Name;
        if (args.Length == 1)
        {
            Expr a = ReadExpression(args[0].Value);
            switch (name)
            {
                case "Exp": return Apply(Fn.Exp, a);
                case "Log": return Apply(Fn.Log, a);
                case "Tanh": return Apply(Fn.Tanh, a);
                case "Sqrt": return Apply(Fn.Sqrt, a);
                case "Abs": return Apply(Fn.Abs, a);
                case "Sigmoid": return Apply(Fn.Sigmoid, a);
                case "Erf": return Apply(Fn.Erf, a);
                case "CreateChecked":
                case "CreateTruncating":
                case "CreateSaturating":
                    return a;
            }
        }
        else if (args.Length == 2)
        {
            Expr a = ReadExpression(args[0].Value), b = ReadExpression(args[1].Value);
            switch (name)
            {
                case "Min": return Min(a, b);
                case "Max": return Max(a, b);
                case "Pow":
                    if (DependsOnInput(b)) return Unsupported(invocation, GeneratorDiagnostics.ExponentDependsOnInput);
                    return Power(a, b);
            }
        }
        return Unsupported(invocation, GeneratorDiagnostics.UnsupportedExpression);
    }

    private Expr Unsupported(IOperation op, DiagnosticDescriptor descriptor)
    {
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, op.Syntax.GetLocation(), op.Syntax.ToString()));
        return Zero;
    }

    private static bool IsMathType(INamedTypeSymbol? type)
    {
        if (type is null) return false;
        if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single) return true;
        string name = type.ToDisplayString();
        if (name is "System.Math" or "System.MathF" or "NativeNet.Kernels.ScalarMath") return true;
        return type.TypeKind == TypeKind.Interface && type.ContainingNamespace?.ToDisplayString() == "System.Numerics";
    }

    private static bool IsNumeric(object value) =>
        value is double or float or int or long or short or byte or sbyte or uint or ulong or ushort or decimal;

    private static BinOp? ArithmeticOp(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinOp.Add,
        BinaryOperatorKind.Subtract => BinOp.Sub,
        BinaryOperatorKind.Multiply => BinOp.Mul,
        BinaryOperatorKind.Divide => BinOp.Div,
        _ => null,
    };

    private static CmpOp? Comparison(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => CmpOp.Lt,
        BinaryOperatorKind.LessThanOrEqual => CmpOp.Le,
        BinaryOperatorKind.GreaterThan => CmpOp.Gt,
        BinaryOperatorKind.GreaterThanOrEqual => CmpOp.Ge,
        BinaryOperatorKind.Equals => CmpOp.Eq,
        BinaryOperatorKind.NotEquals => CmpOp.Ne,
        _ => null,
    };
}
