using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EId.Biometrics.Models.Locating;

/// <summary>
/// Healthy when every model a component needs is found by the <see cref="ModelLocator"/>, is readable and matches the
/// SHA-256 of the manifest beside it (<see cref="ModelLocator.ReadVerified"/>); Unhealthy names the model and, when it is
/// missing, the folders searched.
/// </summary>
/// <param name="locator">The locator the component uses.</param>
/// <param name="models">The model names needed (e.g. <see cref="FaceModelNames.FrDetect"/>).</param>
/// <param name="files">Model files configured by path rather than by name (e.g. an integrator's ArcFace file).</param>
public sealed class FaceModelsHealthCheck(ModelLocator locator, IReadOnlyList<string> models, IReadOnlyList<string>? files = null) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(models);
        var failure = context?.Registration.FailureStatus ?? HealthStatus.Unhealthy;
        var missing = locator.DescribeMissing(models);
        if (missing.Count > 0)
        {
            return Task.FromResult(new HealthCheckResult(failure, string.Join(" ", missing)));
        }

        try
        {
            foreach (var model in models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _ = locator.ReadVerified(model);
            }

            foreach (var file in files ?? [])
            {
                using var stream = File.OpenRead(file);
                if (stream.Length == 0)
                {
                    return Task.FromResult(new HealthCheckResult(failure, $"Model file {file} is empty."));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ModelIntegrityException)
        {
            return Task.FromResult(new HealthCheckResult(failure, ex.Message, ex));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{models.Count + (files?.Count ?? 0)} face model(s) present and verified"));
    }
}
