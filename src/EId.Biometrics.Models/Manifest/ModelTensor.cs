namespace EId.Biometrics.Models.Manifest;

/// <summary>A model input or output as recorded in the manifest.</summary>
/// <param name="Name">Tensor name to feed or fetch.</param>
/// <param name="Shape">Dimensions; −1 is a free (batch) dimension.</param>
/// <param name="Type">Element type, e.g. <c>float32</c>.</param>
public sealed record ModelTensor(string Name, IReadOnlyList<int> Shape, string Type);
