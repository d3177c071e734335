using EId.Faces;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Issuance.Tests.Support;

/// <summary>One real face pipeline (ONNX models) shared by the tests of a class: loading the models is the slow part.</summary>
public sealed class FaceFixture : IDisposable
{
    private readonly ServiceProvider _provider;

    public FaceFixture()
    {
        _provider = new ServiceCollection().AddEIdBiometrics().BuildServiceProvider();
        Verifier = _provider.GetRequiredService<IFaceVerifier>();
    }

    public IFaceVerifier Verifier { get; }

    public void Dispose() => _provider.Dispose();
}
