using EId.Postal.AspNetCore.Console;
using EId.Postal.AspNetCore.RegulatorApi;
using EId.Postal.AspNetCore.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Maps the regulator API and console on a web application.</summary>
public static class EIdRegulatorApiEndpointExtensions
{
    /// <summary>
    /// Maps the regulator API at <c>{PathPrefix}/v1</c> and (unless turned off) the console at <c>{PathPrefix}/</c>, and adds the
    /// rate limiter to the pipeline (after authentication, so it counts per officer). With a development token folder it
    /// writes the demo officers' tokens there.
    /// </summary>
    /// <param name="app">The application (services added with <c>AddEIdRegulatorApi</c>).</param>
    /// <returns>The API's route group.</returns>
    public static RouteGroupBuilder MapEIdRegulatorApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<RegulatorApiOptions>>().Value;
        app.UseRateLimiter();
        var api = app.MapGroup(options.PathPrefix + "/v1").RequireRateLimiting(RegulatorApiNames.RateLimitPolicy);
        RegulatorEndpoints.Map(api);
        if (options.Console)
        {
            RegulatorConsole.Map(app, options.PathPrefix);
        }

        if (app.Services.GetRequiredService<RegulatorSigningKeys>().Development is { } key)
        {
            var files = RegulatorDevelopmentTokens.WriteDemoTokens(options.DevelopmentTokenFolder!, key, options, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EId.Postal.AspNetCore.RegulatorApi")
                .LogInformation("Regulator console at {Prefix}/; development officer tokens (local key, not for production) in {Folder}: {Files}",
                    options.PathPrefix, options.DevelopmentTokenFolder, string.Join(", ", files.Select(Path.GetFileName)));
        }
        return api;
    }
}
