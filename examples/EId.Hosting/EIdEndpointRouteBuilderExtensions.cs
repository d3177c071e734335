using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EId.Biometrics.Liveness;
using EId.Hosting;
using EId.Issuance.Remote;
using EId.Postal.Courier;
using EId.Postal.Verdicts;
using EId.Registry.Remote;
using EId.Risk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the libraries' framework-free endpoints, one call each, so every example host (the single server, the postal server,
/// the identity server) exposes the same routes with the same security sequence and status codes.
/// </summary>
public static class EIdEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a handheld intake route to the registered <see cref="IntakeEndpoint"/> (signed headers → gateway → device id → the
    /// endpoint's channel): <see cref="PostalJson.IntakePath"/> on a postal server, <see cref="PostalJson.IdentityCheckPath"/> on an
    /// identity server.
    /// </summary>
    /// <param name="app">The routes.</param>
    /// <param name="path">The route, with a leading slash.</param>
    /// <param name="observe">Called with each answer (metrics).</param>
    /// <returns>The route's builder.</returns>
    public static RouteHandlerBuilder MapEIdIntake(this IEndpointRouteBuilder app, string path, Action<HttpContext, IntakeAnswer>? observe = null) =>
        app.MapPost(path, async (HttpContext http, IntakeEndpoint endpoint) =>
        {
            var body = await HttpBodies.ReadAsync(http, endpoint.MaxRequestBytes).ConfigureAwait(false);
            var answer = body is null
                ? IntakeEndpoint.TooLarge()
                : await endpoint.HandleAsync(http.Request.ContentType, body, HttpBodies.Signature(http, body), http.RequestAborted).ConfigureAwait(false);
            observe?.Invoke(http, answer);
            await HttpBodies.WriteAsync(http, answer).ConfigureAwait(false);
        });

    /// <summary>Maps <see cref="PostalJson.VerdictPath"/> to the registered <see cref="VerdictEndpoint"/> (the identity server's signed verdicts).</summary>
    /// <param name="app">The routes.</param>
    /// <param name="observe">Called with each answer (metrics).</param>
    /// <returns>The route's builder.</returns>
    public static RouteHandlerBuilder MapEIdVerdictIntake(this IEndpointRouteBuilder app, Action<HttpContext, IntakeAnswer>? observe = null) =>
        app.MapPost("/" + PostalJson.VerdictPath, async (HttpContext http, VerdictEndpoint endpoint) =>
        {
            var body = await HttpBodies.ReadAsync(http, endpoint.MaxRequestBytes).ConfigureAwait(false);
            var answer = body is null ? IntakeEndpoint.TooLarge() : await endpoint.HandleAsync(http.Request.ContentType, body, http.RequestAborted).ConfigureAwait(false);
            observe?.Invoke(http, answer);
            await HttpBodies.WriteAsync(http, answer).ConfigureAwait(false);
        });

    /// <summary>Maps <see cref="IssuanceEndpoint.Path"/> to the registered <see cref="IssuanceEndpoint"/>.</summary>
    /// <param name="app">The routes.</param>
    /// <param name="observe">Called with each status and its duration (metrics).</param>
    /// <returns>The route's builder.</returns>
    public static RouteHandlerBuilder MapEIdIssuance(this IEndpointRouteBuilder app, Action<HttpContext, int, TimeSpan>? observe = null) =>
        app.MapPost(IssuanceEndpoint.Path, async (HttpContext http, IssuanceEndpoint endpoint) =>
        {
            var started = Stopwatch.GetTimestamp();
            var body = await HttpBodies.ReadAsync(http, endpoint.MaxRequestBytes).ConfigureAwait(false);
            var (status, answer) = body is null ? endpoint.TooLarge() : await endpoint.HandleAsync(http.Request.ContentType, body, http.RequestAborted).ConfigureAwait(false);
            observe?.Invoke(http, status, Stopwatch.GetElapsedTime(started));
            await HttpBodies.WriteAsync(http, status, IssuanceJson.ContentType, answer).ConfigureAwait(false);
        });

    /// <summary>Maps the registry host's sealed channel (<c>POST /registry</c>) to the registered <see cref="SealedRegistryServer"/>.</summary>
    /// <param name="app">The routes.</param>
    /// <returns>The route's builder.</returns>
    public static RouteHandlerBuilder MapEIdRegistry(this IEndpointRouteBuilder app) =>
        app.MapPost("/registry", async (HttpContext http, SealedRegistryServer registry) =>
        {
            var body = await HttpBodies.ReadAsync(http, registry.MaxRequestBytes).ConfigureAwait(false);
            if (body is null)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var reply = await registry.HandleAsync(body, SealedRegistryServer.Route(http.Request.Method, http.Request.PathBase + http.Request.Path), http.RequestAborted).ConfigureAwait(false);
            await HttpBodies.WriteAsync(http, reply.StatusCode, SealedReply.ContentType, reply.Body).ConfigureAwait(false);
        });

    /// <summary>
    /// Maps an active-liveness challenge route: a device-signed request (the gateway authenticates the device for
    /// <paramref name="action"/>) gets the steps to perform; the challenge is derived from the request's nonce, which the gateway
    /// has just accepted as unused, so it is unpredictable and single-use. 404 when <paramref name="enabled"/> says no.
    /// </summary>
    /// <param name="app">The routes.</param>
    /// <param name="path">The route, with a leading slash.</param>
    /// <param name="action">The capability the device needs (a kiosk's issuance, a handheld's parcel intake).</param>
    /// <param name="enabled">Whether the active challenge is on (read per request from the host's options).</param>
    /// <returns>The route's builder.</returns>
    public static RouteHandlerBuilder MapEIdChallenge(this IEndpointRouteBuilder app, string path, Func<IServiceProvider, string> action, Func<IServiceProvider, bool> enabled) =>
        app.MapPost(path, async (HttpContext http, ISecurityGateway gateway) =>
        {
            if (!enabled(http.RequestServices))
            {
                return Results.Problem("The active challenge is not enabled on this server.", statusCode: StatusCodes.Status404NotFound);
            }

            var body = await HttpBodies.ReadAsync(http, 4096).ConfigureAwait(false);
            if (body is null)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            if (HttpBodies.Signature(http, body).Request is not { } request)
            {
                return Results.Problem("A challenge is only issued for a request signed by an enrolled device.", statusCode: StatusCodes.Status401Unauthorized);
            }

            var assessment = await gateway.CheckAsync(new GatewayRequest(request, action(http.RequestServices)), http.RequestAborted).ConfigureAwait(false);
            if (!assessment.IsAllowed)
            {
                return Results.Problem(string.Join(", ", assessment.Reasons.Select(r => r.Code.Value)), statusCode: StatusCodes.Status403Forbidden);
            }

            var session = http.RequestServices.GetRequiredService<ActiveLivenessSession>();
            return Results.Json(await session.BeginAsync(SHA256.HashData(Encoding.UTF8.GetBytes(request.Nonce)), http.RequestAborted).ConfigureAwait(false), IssuanceJson.Options);
        });
}
