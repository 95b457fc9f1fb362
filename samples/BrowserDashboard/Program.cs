using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// No services: the page makes its own TaskCluster clients from what the user types, and keeps them in memory only.
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<BrowserDashboard.Pages.Dashboard>("#app");
await builder.Build().RunAsync();
