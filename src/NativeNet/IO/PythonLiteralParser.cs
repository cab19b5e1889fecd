using System.Globalization;

namespace NativeNet.IO;

/// <summary>
/// Parses the tiny subset of Python literals an NPY header uses: a dict of string keys whose values are strings,
/// True/False, or tuples of integers. Nothing is evaluated.
/// </summary>
internal sealed class PythonLiteralParser(string text, string sourceName, long baseOffset)
{
    private int _position;

    /// <summary>Parses <c>{'key': value, ...}</c>; values are string, bool or List&lt;long&gt;.</summary>
    public Dictionary<string, object> ParseDict()
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (Peek() == '}') { _position++; break; }
            string key = ParseString();
            Expect(':');
            SkipSpace();
            object value = Peek() switch
            {
                '\'' or '"' => ParseString(),
                '(' => ParseTuple(),
                _ => ParseBool(),
            };
            if (!result.TryAdd(key, value)) throw Error($"duplicate key '{key}' in the NPY header");
            SkipSpace();
            if (Peek() == ',') _position++;
            else if (Peek() != '}') throw Error("expected ',' or '}' in the NPY header");
        }
        return result;
    }

    private string ParseString()
    {
        SkipSpace();
        char quote = Peek();
        if (quote is not ('\'' or '"')) throw Error("expected a quoted string in the NPY header");
        int start = ++_position;
        while (_position < text.Length && text[_position] != quote) _position++;
        if (_position >= text.Length) throw Error("unterminated string in the NPY header");
        return text[start.._position++];
    }

    private List<long> ParseTuple()
    {
        Expect('(');
        var values = new List<long>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')') { _position++; return values; }
            int start = _position;
            while (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] == '-')) _position++;
            // Python 2 era writers emitted "3L" for longs.
            if (!long.TryParse(text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                throw Error("expected an integer axis size in the NPY shape");
            if (_position < text.Length && text[_position] == 'L') _position++;
            values.Add(v);
            SkipSpace();
            if (Peek() == ',') _position++;
            else if (Peek() != ')') throw Error("expected ',' or ')' in the NPY shape");
        }
    }

    private bool ParseBool()
    {
        if (string.CompareOrdinal(text, _position, "True", 0, 4) == 0) { _position += 4; return true; }
        if (string.CompareOrdinal(text, _position, "False", 0, 5) == 0) { _position += 5; return false; }
        throw Error("expected a string, tuple, True or False in the NPY header");
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Error($"expected '{c}' in the NPY header");
        _position++;
    }

    private char Peek() => _position < text.Length ? text[_position] : '\0';

    private void SkipSpace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position])) _position++;
    }

    private DataFormatException Error(string problem) => new(sourceName, baseOffset + _position, problem);
}
