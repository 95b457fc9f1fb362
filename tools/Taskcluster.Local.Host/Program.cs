// tc-local: runs a TaskCluster stand-in on loopback until Ctrl+C.
//   dotnet run --project tools/Taskcluster.Local.Host -- [--port N] [--amqp URL] [--root-token TOKEN] [--client ID:TOKEN:SCOPE,SCOPE ...]
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Local;

var options = new LocalTaskclusterOptions();
string? rootToken = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
        case "--amqp": options.AmqpConnectionString = Value(); break;
        case "--root-token": rootToken = Value(); break;
        case "--client":
            string[] parts = Value().Split(':', 3);
            if (parts.Length < 2) throw new ArgumentException("--client takes ID:TOKEN[:SCOPE,SCOPE...].");
            options.Clients.Add(new LocalClient(parts[0], parts[1], parts.Length == 3 ? parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>()));
            break;
        case "--help" or "-h":
            Console.WriteLine("tc-local [--port N] [--amqp URL] [--root-token TOKEN] [--client ID:TOKEN:SCOPE,SCOPE ...]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'; see --help.");
            return 2;
    }
}
if (rootToken is not null) options.Clients.Add(new LocalClient("local-admin", rootToken, new[] { "*" }));

await using var tc = await LocalTaskcluster.StartAsync(options);
// The root URL is all that clients of today's services need; the per-service base URLs are for raw HTTP and the 2014 scheduler.
Console.WriteLine($"TaskCluster stand-in on {tc.RootUrl}");
Console.WriteLine($"  root URL   TASKCLUSTER_ROOT_URL={tc.RootUrl}");
foreach (string service in LocalTaskcluster.Services) Console.WriteLine($"  {service,-10} {tc.BaseUrl(service)}");
Console.WriteLine($"  references {tc.RootUrl}/references/manifest.json");
Console.WriteLine(options.AmqpConnectionString is null ? "  events     off (use --amqp)" : $"  events     {options.AmqpConnectionString}");
// The root client's token is made fresh at start and is only good for this process; it is printed so that
// you can use it. Pass --root-token to choose a client of your own instead.
Console.WriteLine(rootToken is null
    ? $"  root client: TASKCLUSTER_CLIENT_ID={tc.RootClient.ClientId} TASKCLUSTER_ACCESS_TOKEN={tc.RootClient.AccessToken}"
    : "  admin client: local-admin (the token you gave)");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
// Ctrl+C and SIGTERM (a service manager, `timeout`, CI) both stop the stand-in cleanly.
using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine("stopped");
return 0;
