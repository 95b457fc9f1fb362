// tc-local: runs a TaskCluster stand-in on loopback until Ctrl+C.
//   dotnet run --project tools/Taskcluster.Local.Host -- [--port N] [--amqp URL] [--root-token TOKEN] [--client ID:TOKEN:SCOPE,SCOPE ...]
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Threading.Tasks;
using Taskcluster.Local;

var port = new Option<int>("--port")
{
    Description = "The TCP port to listen on on 127.0.0.1 [default: a free one]",
    HelpName = "N",
    CustomParser = ParsePort,
};
var amqp = new Option<string?>("--amqp")
{
    Description = "Publish the queue's events to this AMQP broker, for example amqp://guest:guest@127.0.0.1:5672/ [default: no events]",
    HelpName = "URL",
};
var rootToken = new Option<string?>("--root-token")
{
    Description = "Also accept the client local-admin (scope *) with this token, instead of only the random root client printed at start",
    HelpName = "TOKEN",
};
var clients = new Option<List<LocalClient>>("--client")
{
    Description = "Accept this client too; repeat for several",
    HelpName = "ID:TOKEN[:SCOPE,SCOPE...]",
    CustomParser = ParseClients,
    AllowMultipleArgumentsPerToken = false,
};
var root = new RootCommand("tc-local: a local TaskCluster stand-in (Queue, Auth, Index, Secrets, the 2014 Scheduler) on loopback, until Ctrl+C or SIGTERM.")
{
    port, amqp, rootToken, clients,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    var options = new LocalTaskclusterOptions { Port = parsed.GetValue(port), AmqpConnectionString = parsed.GetValue(amqp) };
    foreach (var client in parsed.GetValue(clients) ?? new List<LocalClient>()) options.Clients.Add(client);
    string? token = parsed.GetValue(rootToken);
    if (token is not null) options.Clients.Add(new LocalClient("local-admin", token, new[] { "*" }));
    return await RunAsync(options, token is not null, cancellationToken);
});

var parsedLine = root.Parse(args);
if (parsedLine.Action is ParseErrorAction parseError)
{
    // A command line that does not parse is a usage error (exit 2, as tc-references and taskcluster say it), with
    // the complaint and a pointer to --help rather than System.CommandLine's default exit code 1 and full help.
    parseError.ShowHelp = false;
    await parsedLine.InvokeAsync();
    Console.Error.WriteLine("See 'tc-local --help'.");
    return 2;
}
// SIGINT and SIGTERM (a service manager, `timeout`, CI) cancel the action's token; the stand-in then stops cleanly.
return await parsedLine.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });

static async Task<int> RunAsync(LocalTaskclusterOptions options, bool withAdmin, System.Threading.CancellationToken cancellationToken)
{
    await using var tc = await LocalTaskcluster.StartAsync(options, cancellationToken);
    // The root URL is all that clients of today's services need; the per-service base URLs are for raw HTTP and the 2014 scheduler.
    Console.WriteLine($"TaskCluster stand-in on {tc.RootUrl}");
    Console.WriteLine($"  root URL   TASKCLUSTER_ROOT_URL={tc.RootUrl}");
    foreach (string service in LocalTaskcluster.Services) Console.WriteLine($"  {service,-10} {tc.BaseUrl(service)}");
    Console.WriteLine($"  references {tc.RootUrl}/references/manifest.json");
    Console.WriteLine(options.AmqpConnectionString is null ? "  events     off (use --amqp)" : $"  events     {options.AmqpConnectionString}");
    // The root client's token is made fresh at start and is only good for this process; it is printed so that
    // you can use it. Pass --root-token to choose a client of your own instead.
    Console.WriteLine(withAdmin
        ? "  admin client: local-admin (the token you gave)"
        : $"  root client: TASKCLUSTER_CLIENT_ID={tc.RootClient.ClientId} TASKCLUSTER_ACCESS_TOKEN={tc.RootClient.AccessToken}");

    try
    {
        await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C or SIGTERM: the normal way to stop.
    }
    Console.WriteLine("stopped");
    return 0;
}

static int ParsePort(ArgumentResult result)
{
    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= 65535) return value;
    result.AddError($"--port takes a port number from 0 to 65535, not '{text}'.");
    return 0;
}

static List<LocalClient> ParseClients(ArgumentResult result)
{
    var parsed = new List<LocalClient>();
    foreach (var token in result.Tokens)
    {
        string[] parts = token.Value.Split(':', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            result.AddError($"--client takes ID:TOKEN[:SCOPE,SCOPE...], not '{token.Value}'.");
            continue;
        }
        parsed.Add(new LocalClient(parts[0], parts[1], parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>()));
    }
    return parsed;
}
