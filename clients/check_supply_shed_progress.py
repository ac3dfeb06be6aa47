import requests

headers = {'Authorization': "Bearer check-examples-token"}

# Single facility tracking ID
response = requests.get(
    "http://127.0.0.1:8080/batch_progress",
    params={"tracking_id": "0xc265ca03326f9235beafbb1d7c75cfab51ed558bd6c299c2a89eee783d7de27e"},
    headers=headers
)

progress = response.json()
print(f"Total Facilities: {progress['total_number_of_facilities']}")
print(f"Completed: {progress['total_number_of_facilities_completed']}")
print(f"Failed: {progress['total_number_of_facilities_failed']}")
print(f"Queued: {progress['total_number_of_facilities_queued']}")
print(f"Preprocessing: {progress['total_number_of_facilities_preprocessing']}")
print(f"Processing: {progress['total_number_of_facilities_processing']}")
print(f"Complete: {progress['complete']}")
