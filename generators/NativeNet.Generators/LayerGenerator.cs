using Microsoft.CodeAnalysis;

namespace NativeNet.Generators;

/// <summary>Writes layer forward/backward code, registration and gradient-check tests.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class LayerGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
