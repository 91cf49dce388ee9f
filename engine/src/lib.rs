//! Stormlab's simulation engine (placeholder until the engine lands).
