using System;
using System.Globalization;

namespace NativeNet.Generators.Emit;

/// <summary>C# literals in invariant culture and round-trip form, so generated code does not depend on the build machine's locale.</summary>
internal static class Literals
{
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
        return value < 0 || IsNegativeZero(value) ? "(" + text + ")" : text;
    }

    public static string Single(double value)
    {
        float f = (float)value;
        if (float.IsNaN(f)) return "float.NaN";
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        string text = f.ToString("R", CultureInfo.InvariantCulture) + "f";
        return f < 0 ? "(" + text + ")" : text;
    }

    public static string For(string scalar, double value) => scalar == "float" ? Single(value) : Double(value);

    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>PascalCase of an identifier or registry name (<c>leaky_relu</c> → <c>LeakyRelu</c>).</summary>
    public static string Pascal(string name)
    {
        var chars = new System.Text.StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
            chars.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (chars.Length == 0 || char.IsDigit(chars[0])) chars.Insert(0, '_');
        return chars.ToString();
    }

    private static bool IsNegativeZero(double value) => value == 0 && BitConverter.DoubleToInt64Bits(value) < 0;
}
