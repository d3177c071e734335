namespace EId.ModelImport.Onnx;

/// <summary>A node attribute: exactly one of the value kinds is set.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name) => Name = name;

    /// <summary>Attribute name.</summary>
    public string Name { get; }

    /// <summary>An INT value.</summary>
    public long? Int { get; private init; }

    /// <summary>A FLOAT value.</summary>
    public float? Float { get; private init; }

    /// <summary>A STRING value.</summary>
    public string? String { get; private init; }

    /// <summary>An INTS value.</summary>
    public IReadOnlyList<long>? Ints { get; private init; }

    /// <summary>Creates an INT attribute.</summary>
    public static OnnxAttribute Of(string name, long value) => new(name) { Int = value };

    /// <summary>Creates a FLOAT attribute.</summary>
    public static OnnxAttribute Of(string name, float value) => new(name) { Float = value };

    /// <summary>Creates a STRING attribute.</summary>
    public static OnnxAttribute Of(string name, string value) => new(name) { String = value };

    /// <summary>Creates an INTS attribute.</summary>
    public static OnnxAttribute Of(string name, IReadOnlyList<long> values) => new(name) { Ints = values };
}
