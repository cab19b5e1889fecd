namespace NativeNet.Data;

/// <summary>Which of CIFAR-100's two labels a dataset uses.</summary>
public enum Cifar100LabelKind
{
    /// <summary>The 100 fine classes (labels fine_labels, names fine_label_names).</summary>
    Fine,
    /// <summary>The 20 coarse superclasses (labels coarse_labels, names coarse_label_names).</summary>
    Coarse,
}
