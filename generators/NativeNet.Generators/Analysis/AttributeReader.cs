using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NativeNet.Generators.Analysis;

/// <summary>Reads named arguments of attribute data with defaults.</summary>
internal static class AttributeReader
{
    public static T Named<T>(AttributeData data, string name, T fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> pair in data.NamedArguments)
        {
            if (pair.Key == name && !pair.Value.IsNull && pair.Value.Kind != TypedConstantKind.Array && pair.Value.Value is T value) return value;
        }
        return fallback;
    }

    public static T[] NamedArray<T>(AttributeData data, string name, T[] fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> pair in data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
                return pair.Value.Values.Select(v => v.Value).OfType<T>().ToArray();
        }
        return fallback;
    }

    public static T[] ConstructorArray<T>(AttributeData data, int index) =>
        data.ConstructorArguments.Length > index && data.ConstructorArguments[index].Kind == TypedConstantKind.Array && !data.ConstructorArguments[index].IsNull
            ? data.ConstructorArguments[index].Values.Select(v => v.Value).OfType<T>().ToArray()
            : [];

    public static AttributeData? Find(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == metadataName);
}
