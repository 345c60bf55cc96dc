using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SensorWatch.Benchmarks.BenchmarkMarker).Assembly).Run(args);
