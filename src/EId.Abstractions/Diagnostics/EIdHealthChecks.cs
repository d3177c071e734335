using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EId.Diagnostics;

/// <summary>Registers the health checks each package adds with <c>services.AddHealthChecks().AddEId…()</c>.</summary>
public static class EIdHealthChecks
{
    /// <summary>The tag every EId health check carries (filter <c>/health</c> endpoints on it).</summary>
    public const string Tag = "eid";

    /// <summary>Adds a check built from the services when it runs.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name, e.g. <c>eid.risk</c>.</param>
    /// <param name="create">Builds the check from the services (read options there: they are validated by then).</param>
    /// <param name="failureStatus">The status reported on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <see cref="Tag"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdCheck(IHealthChecksBuilder builder, string name, Func<IServiceProvider, IHealthCheck> create, HealthStatus? failureStatus, IEnumerable<string>? tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        return builder.Add(new HealthCheckRegistration(name, create, failureStatus, [Tag, .. tags ?? []]));
    }

    /// <summary>A check that is always Healthy with <paramref name="description"/> (e.g. an in-memory store).</summary>
    /// <param name="description">Why there is nothing to probe.</param>
    /// <returns>The check.</returns>
    public static IHealthCheck Healthy(string description) => new FixedHealthCheck(HealthCheckResult.Healthy(description));

    private sealed class FixedHealthCheck(HealthCheckResult result) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(result);
    }
}
