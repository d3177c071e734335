namespace EId.Biometrics.Models.Locating;

/// <summary>Thrown when a model file cannot be found in any searched folder.</summary>
public sealed class ModelNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception for <paramref name="modelName"/>, listing where it was looked for.</summary>
    public ModelNotFoundException(string modelName, IReadOnlyList<string> searched)
        : base($"Model '{modelName}' was not found. Looked in: {string.Join(", ", searched)}. " +
               "Reference the EId.Biometrics.Models package (it copies models/ beside the app), build the EId.Biometrics.Models " +
               "project in a checkout (it imports them into .cache/models), or set EID_MODELS_DIR.", modelName + ".onnx")
    {
        ModelName = modelName;
        Searched = searched;
    }

    /// <summary>The model asked for.</summary>
    public string ModelName { get; }

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<string> Searched { get; }
}
