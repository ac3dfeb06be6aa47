import requests

headers = {'Authorization': "Bearer check-examples-token"}

# Multiple facility tracking IDs (only for batch supply shed)
response = requests.get(
    "http://127.0.0.1:8080/batch_progress",
    params={
        "tracking_ids": [
            "0xc265ca03326f9235beafbb1d7c75cfab51ed558bd6c299c2a89eee783d7de27e",
            "0x99e526083926e176a854baf8c5fc2ac56ce3eb7fa40e5ab83c7cc62ddc0d95c8",
            "0xc265ca03326f9235beafbb1d7c75cfab51ed558bd6c299c2a89eee783d7de27e"
        ]
    },
    headers=headers
)

# Returns combined progress for all facilities
progress = response.json()
print(f"Total Facilities: {progress['total_number_of_facilities']}")
print(f"Completed: {progress['total_number_of_facilities_completed']}")
