using System.Threading.Tasks;

namespace Taskcluster.Cli;

/// <summary>The <c>taskcluster</c> command's entry point.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CommandLineApp.RunAsync(args);
}
