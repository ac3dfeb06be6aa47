import requests

headers = {'Authorization': "Bearer check-examples-token"}

# Using tracking_id (recommended)
response = requests.get(
    "http://127.0.0.1:8080/batch_progress",
    params={"tracking_id": "0x3b408d0583992b85f049048189ae6242c959d44651e697d288837b2f376c7cf0"},
    headers=headers
)

progress = response.json()
print(f"Overall Progress: {progress['overall_progress']}%")
print(f"Stage: {progress['stage']}/{progress['n_stages']}")
print(f"Complete: {progress['complete']}")
print(f"Failed: {progress['failed']}")
