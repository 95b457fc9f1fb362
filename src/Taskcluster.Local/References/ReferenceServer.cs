using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Taskcluster.Local;

/// <summary>
/// Serves what a deployment publishes about itself, without authentication as TaskCluster does:
/// <c>/references/manifest.json</c>, the references it lists (<c>/references/&lt;service&gt;/v1/api.json</c>,
/// <c>exchanges.json</c>) and the schemas they use (<c>/schemas/&lt;service&gt;/v1/&lt;name&gt;.json</c>).
/// </summary>
internal sealed class ReferenceServer
{
    public const string ManifestPath = "/references/manifest.json";

    private readonly BuiltinReferences _builtin = BuiltinReferences.Instance;
    private readonly HashSet<string> _services;
    private readonly byte[] _manifest;

    /// <param name="services">The services whose references are listed and served (today's services the stand-in answers).</param>
    public ReferenceServer(IEnumerable<string> services)
    {
        _services = new HashSet<string>(services);
        _manifest = System.Text.Encoding.UTF8.GetBytes(_builtin.Manifest(_services).ToJsonString());
    }

    public static bool Serves(string rawPath) => rawPath.StartsWith("/references/", System.StringComparison.Ordinal) || rawPath.StartsWith("/schemas/", System.StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, string rawPath)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await ReferenceRouter.WriteErrorAsync(context, new ServiceError(405, "MethodNotAllowed", "References and schemas are read-only."), null).ConfigureAwait(false);
            return;
        }
        byte[]? document = null;
        if (rawPath == ManifestPath) document = _manifest;
        else if (_builtin.References.TryGetValue(rawPath, out var reference) && _services.Contains(reference.ServiceName)) document = reference.Json;
        else if (_builtin.Schemas.TryGetValue(rawPath, out var schema)) document = schema;
        if (document is null)
        {
            await ReferenceRouter.WriteErrorAsync(context, ServiceError.NotFound($"The stand-in publishes no document at '{rawPath}'; see {ManifestPath}."), null).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = document.Length;
        if (HttpMethods.IsGet(context.Request.Method)) await context.Response.Body.WriteAsync(document).ConfigureAwait(false);
    }
}
