//! Compiles `crm/v1/*.proto` with `protox` (pure Rust), so no system `protoc` is needed.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = [
        "crm/v1/common.proto",
        "crm/v1/auth.proto",
        "crm/v1/admin.proto",
        "crm/v1/customer.proto",
        "crm/v1/opportunity.proto",
        "crm/v1/service_ticket.proto",
        "crm/v1/integration.proto",
        "crm/v1/churn.proto",
    ];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }

    let descriptors = protox::compile(files, ["."])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let descriptor_path = out_dir.join("crm_descriptor.bin");
    std::fs::write(
        &descriptor_path,
        prost::Message::encode_to_vec(&descriptors),
    )?;

    tonic_prost_build::configure()
        .file_descriptor_set_path(&descriptor_path)
        .skip_protoc_run()
        .compile_fds(descriptors)?;
    Ok(())
}
