"""Output datasets: explicit Arrow schemas and atomic Parquet writing."""
